# sorting algorithms written in the subset
def bubble(xs):
    n = len(xs)
    for i in range(n):
        for j in range(n - i - 1):
            if xs[j] > xs[j + 1]:
                xs[j], xs[j + 1] = xs[j + 1], xs[j]
    return xs
def insertion(xs):
    for i in range(1, len(xs)):
        key = xs[i]
        j = i - 1
        while j >= 0 and xs[j] > key:
            xs[j + 1] = xs[j]
            j -= 1
        xs[j + 1] = key
    return xs
def quick(xs):
    if len(xs) <= 1:
        return xs
    pivot = xs[0]
    less = []
    more = []
    for x in xs[1] if False else xs:
        pass
    for i in range(1, len(xs)):
        if xs[i] < pivot:
            less.append(xs[i])
        else:
            more.append(xs[i])
    return quick(less) + [pivot] + quick(more)
data = [5, 2, 9, 1, 5, 6, -3, 0]
print(bubble(list(data)), insertion(list(data)), quick(list(data)))
seed = 42
big = []
for i in range(200):
    seed = (seed * 1103515245 + 12345) % 2147483648
    big.append(seed % 1000)
a = quick(list(big))
b = list(big)
b.sort()
print(a == b, a[0], a[-1])
