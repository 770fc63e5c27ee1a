import AnnuaireParsing
print("placeholder")
