# lists of lists
def zeros(n, m):
    rows = []
    for i in range(n):
        rows.append([0] * m)
    return rows
def matmul(a, b):
    n = len(a)
    m = len(b[0])
    k = len(b)
    c = zeros(n, m)
    for i in range(n):
        for j in range(m):
            s = 0
            for t in range(k):
                s += a[i][t] * b[t][j]
            c[i][j] = s
    return c
a = [[1, 2], [3, 4]]
b = [[5, 6], [7, 8]]
print(matmul(a, b))
ident = zeros(3, 3)
for i in range(3):
    ident[i][i] = 1
print(ident)
