def f(a):
    return a / 0
print(f(1))
