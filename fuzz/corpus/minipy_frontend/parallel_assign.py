# parallel assignment and unpacking
a, b = 1, 2
print(a, b)
a, b = b, a
print(a, b)
x, y, z = [7, 8, 9]
print(x, y, z)
p, q = "hi"
print(p, q)
m, n = range(2)
print(m, n)
xs = [1, 2, 3]
xs[0], xs[2] = xs[2], xs[0]
print(xs)
i, xs[1] = 1, 5
print(i, xs)
a, b, = 3, 4
print(a, b)
