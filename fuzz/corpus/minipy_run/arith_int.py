# int arithmetic, bools as ints
print(2 + 3, 2 - 3, 2 * 3, -7 + 2, 0 - 0)
print(True + True, True * 5, False - 1, True + 1.5)
a = 9223372036854775807
b = -9223372036854775807 - 1
print(a, b, a - 1, b + 1)
print(123456789 * 987654321)
print(-(-5), +5, -0, +True, -False)
x = 10
x = x * x - x
print(x)
print(1 + 2 * 3 - 4 * 5 + 6)
print((1 + 2) * (3 - 4) * (5 + 6))
