# global variables and the global statement
counter = 0
def bump():
    global counter
    counter = counter + 1
def read():
    return counter
bump()
bump()
print(counter, read())
def local_only():
    counter = 100
    return counter
print(local_only(), counter)
def set_new():
    global fresh
    fresh = "made"
set_new()
print(fresh)
def g1():
    global a, b
    a, b = 1, 2
g1()
print(a, b)
