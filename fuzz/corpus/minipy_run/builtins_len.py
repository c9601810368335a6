# len of every sized type
print(len("abc"), len(""), len([1, 2]), len([]), len(range(10)), len(range(0, 10, 3)))
print(len(range(10, 0, -2)), len(range(5, 0)), len("é"), len([[1, 2, 3]]))
