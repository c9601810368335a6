print("nothing runs")
x = 1
y = 2
if x:
    print(y)
z = = 3
