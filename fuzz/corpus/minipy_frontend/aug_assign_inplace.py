xs = [1]
ys = xs
xs += [2]
xs += "ab"
xs += range(2)
print(xs, ys, xs == ys)
zs = [0]
ws = zs
zs *= 3
print(zs, ws)
s = "a"
t = s
s += "b"
print(s, t)
xs = [1]
xs[0] += 1
print(xs)
def f():
    a = [1]
    b = a
    a += [5]
    return b
print(f())
