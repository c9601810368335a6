# true division, floor division and modulo with every sign combination
for a in [7, -7, 6, -6, 0, 1, -1]:
    for b in [2, -2, 3, -3, 1, -1, 7]:
        print(a, b, a / b, a // b, a % b)
print(9223372036854775807 // 2, -9223372036854775807 % 10)
print(10 / 4, 9 / 3, 1 / 3, 2 / 3, -1 / 3)
print(True // 1, 5 % True, 7 // True)
