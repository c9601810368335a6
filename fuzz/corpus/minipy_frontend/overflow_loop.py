# golden: manual
x = 1
while True:
    x = x * 2
