# in and not in
print(2 in [1, 2, 3], 4 in [1, 2, 3], 4 not in [1, 2], "a" in "cat", "dog" in "cat")
print("" in "x", [1] in [[1], 2], 1.0 in [1], "at" not in "cat")
xs = [1, 2, 3]
if 2 in xs and 5 not in xs:
    print("ok")
