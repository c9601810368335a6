x = 'a' * 100000000
print(len(x))
