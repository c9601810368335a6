# building strings in loops
s = ""
for i in range(10):
    s += str(i)
print(s, len(s))
words = []
for w in "one two three".split():
    words.append(w.upper())
print(" ".join(words))
acc = ""
i = 0
while i < 1000:
    acc = acc + "x"
    i += 1
print(len(acc))
def rev(t):
    out = ""
    for c in t:
        out = c + out
    return out
print(rev("stressed"))
