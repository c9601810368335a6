# print with several arguments and types
print()
print(1)
print(1, 2, 3)
print("a", 1, 2.0, None, True, [1, "b"])
print("")
print("", "")
print(print)
print(len)
