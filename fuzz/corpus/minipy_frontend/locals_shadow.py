# locals shadow globals and builtins
x = "global"
def f():
    x = "local"
    return x
def g():
    return x
print(f(), g(), x)
def h(len):
    return len
print(h(5), len("abc"))
def loop():
    total = 0
    for i in range(4):
        total += i
    return total
print(loop())
def uses_range():
    range = 3
    return range
print(uses_range())
