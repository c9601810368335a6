# list.insert takes exactly two arguments
xs = []
xs.insert(1)
