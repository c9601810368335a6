# sort takes keyword arguments only
xs = [3, 1]
xs.sort(1)
