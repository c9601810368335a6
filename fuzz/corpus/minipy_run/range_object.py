# range objects outside for loops
r = range(1, 10, 2)
print(r, len(r), list(r), r[0], r[-1], r[2])
print(range(5), range(0, 5, 1), range(5, 0, -1), list(range(5, 0, -1)))
print(3 in r, 4 in r, 9 in r, 11 in r, 5 in range(10, 0, -5))
print(range(3) == range(3), range(0) == range(2, 2), list(range(-2, 2)))
