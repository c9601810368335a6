# several simple statements on one line
a = 1; b = 2; print(a + b)
x = 0
while x < 3: x += 1
print(x)
if x: print("yes"); print("again");
for i in range(2): print(i); print(-i)
