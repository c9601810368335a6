# __name__ is '__main__' in the program being run, as in CPython
def main():
    print("in main", __name__)
    return 0


print(__name__)
print(__name__ == "__main__", len(__name__))
if __name__ == "__main__":
    main()
__name__ = "changed"
print(__name__)
