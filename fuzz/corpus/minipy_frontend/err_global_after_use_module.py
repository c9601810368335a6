# the same rule at module level
y = 0
print(y)
global y
