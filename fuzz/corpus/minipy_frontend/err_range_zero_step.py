for i in range(1, 10, 0):
    print(i)
