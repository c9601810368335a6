# golden: manual
print("never")
import os
