"""Reading workbooks as towns fill them: sniffing, calamine values, sheet and header location."""
