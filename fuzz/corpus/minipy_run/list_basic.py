# list operations
xs = [1, 2, 3]
print(xs, len(xs), xs[0], xs[-1], xs[-3])
xs[0] = 10
xs[-1] = 30
print(xs)
print(xs + [4], [0] * 3, 2 * [1, 2], [] * 5, [1] * -1)
ys = xs
ys.append(4)
print(xs, ys)
print([], [[]], [1, [2, [3, []]]])
print([1, 2] == [1, 2], [1, 2] != [2, 1], [] < [1])
nested = [[0] * 2, [0] * 2]
nested[0][1] = 5
print(nested)
print(list("abc"), list(range(4)), list([1, 2]), list())
print(min([3, 1, 2]), max([3, 1, 2]), min("hello"), max(1, 5, 3))
