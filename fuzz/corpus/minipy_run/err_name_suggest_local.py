# a function's locals are searched first, then globals, then builtins
count = 0
def f(items, counter):
    result = 1
    return resutl + counter
print(f([], 1))
