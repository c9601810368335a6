# str operators
s = "hello"
print(s + " world", s * 2, 2 * s, s * 0, s * -1, len(s), len(""))
print(s[0], s[4], s[-1], s[-5])
print("a" < "b", "abc" == "abc", "x" != "y")
print(str(12), str(-1.5), str(True), str(None), str([1, "a"]), str("s"))
print(int("42"), int("  -17 "), int("+8"), int("1_000"), float("2.5"), float(" -1e3 "))
print(repr("it's"), repr('say "hi"'), repr("both ' and \""), repr(""))
t = ""
for c in "abc":
    t = c + t
print(t)
print("ab" "cd", 'single' + "double")
