# strip family: the method name in the message
print("abc".lstrip(5))
