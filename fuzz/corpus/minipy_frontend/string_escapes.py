# escape sequences in literals and repr
print("tab\there", "new\nline", "back\\slash", 'quote\'s', "dq\"s")
print(repr("\n\t\r\\"), repr("\x00\x01\x7f"), repr("\a\b\f\v"))
print(len("\n"), len("\\n"), "\x41\u0042\101")
print("""triple
quoted""", '''also''')
print(r"raw\n", len(r"\n"))
print("line \
continued")
print(repr("é"), "caf\u00e9", len("café"))
