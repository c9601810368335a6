# x op= y names the augmented operator in its TypeError
def f():
    y = 2.5
    y -= "b"
f()
