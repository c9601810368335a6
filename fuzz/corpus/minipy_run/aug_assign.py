# augmented assignment
x = 10
x += 5
x -= 3
x *= 2
print(x)
x /= 4
print(x)
x = 17
x //= 5
print(x)
x %= 2
print(x)
s = "ab"
s += "cd"
s *= 2
print(s)
xs = [1, 2]
xs += [3]
print(xs)
xs[0] += 100
xs[-1] *= 3
print(xs)
f = 1.5
f += 1
print(f)
