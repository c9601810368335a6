# non-ASCII strings
s = "naïve café ☕ 日本"
print(s, len(s), s[2], s[-1], s[11])
for c in "äö":
    print(c)
print("ü" * 3, "é" + "e", "ß" < "ü", "日本".find("本"))
print(list("añb"), "a☕b".split("☕"), "x".join(["é", "è"]))
print(repr("日本"), repr(["é"]))
