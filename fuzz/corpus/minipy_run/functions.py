# def, return, calls
def add(a, b):
    return a + b
def nothing():
    pass
def early(x):
    if x:
        return
    print("not early")
def noarg():
    return 42
print(add(1, 2), add("a", "b"), add([1], [2]))
print(nothing(), early(1), early(0), noarg())
def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)
print(fact(20))
def apply(f, x):
    return f(x)
print(apply(fact, 5), apply(len, "abc"))
g = add
print(g(3, 4))
def swap(a, b):
    return b
print(swap(1, 2))
