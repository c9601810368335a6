# nested loops and a multiplication table
for i in range(1, 4):
    row = ""
    for j in range(1, 4):
        row = row + str(i * j) + " "
    print(row)
count = 0
for i in range(10):
    for j in range(10):
        for k in range(10):
            if i + j + k == 10:
                count += 1
print(count)
