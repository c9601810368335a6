# chained assignment
a = b = c = 5
print(a, b, c)
xs = ys = []
xs.append(1)
print(xs, ys)
i = j = 0
i += 1
print(i, j)
