# min and max
print(min(1, 2), max(1, 2), min(3, 1, 2), max([4, 9, 2]), min("b", "a", "c"))
print(max([1, 2.5, 2]), min([1.0, 1]), max([1, 1.0]), min(range(5, 10)), max(range(3)))
print(max("hello"), min(["b", "a"]), max([[1, 2], [1, 3]]))
print(max(-1, -1.5), min(True, 0))
