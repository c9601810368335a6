# join of something that is not iterable
print(",".join(5))
