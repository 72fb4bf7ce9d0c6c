public enum Distance {}
