# str methods in the subset
s = "  Hello, World  "
print(s.strip(), s.lstrip(), s.rstrip(), "|" + s.strip() + "|")
print(s.upper(), s.lower(), "xxhixx".strip("x"))
print("a,b,,c".split(","), "a b  c\n".split(), "".split(), "abc".split("b"))
print("-".join(["a", "b", "c"]), "".join(["x", "y"]), ", ".join([]))
print("hello".replace("l", "L"), "aaa".replace("a", "bb"), "abc".replace("", "-"))
print("hello".find("l"), "hello".find("z"), "hello".find(""), "hello".index("o"))
print("banana".count("a"), "banana".count("an"), "banana".count(""))
print("hello".startswith("he"), "hello".endswith("lo"), "hello".startswith("lo"))
print("123".isdigit(), "12a".isdigit(), "abc".isalpha(), "ab1".isalpha(), " \t".isspace(), "".isdigit())
words = "the quick brown fox".split()
print(len(words), words[-1].upper())
print("x".join("abc"))
