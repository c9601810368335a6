print("never")
s = "abc
