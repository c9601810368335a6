# loops that exit through return
def find(xs, target):
    i = 0
    while i < len(xs):
        if xs[i] == target:
            return i
        i += 1
    return -1
print(find([5, 6, 7], 7), find([5, 6, 7], 8), find([], 1))
def first_even(xs):
    for x in xs:
        if x % 2 == 0:
            return x
print(first_even([1, 3, 4, 6]), first_even([1]))
