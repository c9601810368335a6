# implicit and explicit line joining
x = (1 +
     2 +
     3)
xs = [
    1,
    2,   # comment inside brackets
    3,
]
print(x, xs)
total = 1 + \
    2
print(total)
print(
    "a",
        "b"
)
def f(a,
      b):
    return a + b
print(f(1,
        2))
