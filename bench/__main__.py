"""Run every benchmark: python -m bench"""

from bench import decode_speed

if __name__ == "__main__":
    decode_speed.main([])
