# sorting strings and comparing them
names = ["bob", "Alice", "carol", "alice", "Bob", ""]
names.sort()
print(names)
print(max(names), min(names), "a" * 3 < "aaaa", "abc" < "abD")
