# inf and nan arithmetic
inf = float("inf")
nan = float("nan")
print(inf + 1, inf - inf, inf * 0, -inf * -1, inf / 2, 1 / inf, -1 / inf)
print(nan + 1, nan * 0, inf > 1e308, -inf < -1e308, inf == inf)
print(inf // 1, inf % 2 if False else 0, 5 % inf, -5 % inf, 5 // inf, -5 // inf)
print(2 ** inf if False else 0, 0.5 ** inf, inf ** 0, nan ** 0, 1 ** nan)
print(int(1e18) == 1e18, 1e18 == 10 ** 18)
