x = 7
y = 0
print(x % y)
