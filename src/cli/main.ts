process.stdout.write('goal-lens: not built yet\n');
