xs = [1, "a", 2]
xs.sort()
