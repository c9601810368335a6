# CPython: a global statement after the name was used in its scope is a SyntaxError
print('never printed')
def f():
    x = 1
    print(x)
    global x
