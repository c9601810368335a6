# float arithmetic and floor/mod signs
for a in [7.5, -7.5, 6.0, -0.5, 0.0]:
    for b in [2.0, -2.0, 0.3, -3]:
        print(a, b, a + b, a - b, a * b, a / b, a // b, a % b)
print(0.1 + 0.2, 0.1 * 3, 1.1 * 1.1, 3.0 - 2.9)
print(1e308 * 10, -1e308 * 10)
print(5 // 2.0, -5 // 2.0, 5 % -2.0, -5 % 2.0)
print(1 + 2.0, 3 * 1.5, 2 - 0.5, True + 0.5)
