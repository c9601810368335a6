# expression statements are evaluated and discarded
1 + 2
"string statement"
[1, 2, 3]
x = 5
x
x * 2
print(x)
len("abc")
