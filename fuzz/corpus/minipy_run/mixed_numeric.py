# int/float/bool mixing
print(1 + 1.0, 2 * 0.5, 3 - True, 7 / 2, 7.0 // 2, 7 % 2.5, 2 ** 0.5 * 2 ** 0.5)
print(type_name if False else 0, 10 // 3.0, -10 // 3.0, 10 % -3.0, True / 2)
x = 0
x += 0.1
x += 0.2
print(x, x == 0.3, round if False else 1)
