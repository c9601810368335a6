# list repr, including strings, floats and cycles
print([1, "a", 'b"', "c'", 2.5, None, True, [], ["x"]])
xs = [1, 2]
xs.append(xs)
print(xs)
print(repr([]), str([1]))
print([float("inf"), -0.0, 1e16, "\n"])
