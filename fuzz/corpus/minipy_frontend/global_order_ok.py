# global before any use is fine, in any block of the function; other scopes are separate.
x = 1
def f():
    global x
    x = x + 1
def g():
    y = 2
    return y
def h():
    if True:
        global z
    z = 3
f()
h()
print(x, g(), z)
